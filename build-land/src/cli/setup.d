build-land/src/cli/setup.o: src/cli/setup.c src/cli/setup.h src/app/app.h \
 src/app/config.h src/util/log.h
src/cli/setup.h:
src/app/app.h:
src/app/config.h:
src/util/log.h:
