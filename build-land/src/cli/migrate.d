build-land/src/cli/migrate.o: src/cli/migrate.c src/cli/cli.h \
 src/cli/setup.h src/app/app.h src/app/config.h src/store/store.h \
 src/util/err.h
src/cli/cli.h:
src/cli/setup.h:
src/app/app.h:
src/app/config.h:
src/store/store.h:
src/util/err.h:
