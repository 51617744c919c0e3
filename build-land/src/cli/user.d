build-land/src/cli/user.o: src/cli/user.c src/app/users.h src/util/err.h \
 src/cli/cli.h src/cli/setup.h src/app/app.h src/app/config.h \
 src/store/users.h src/store/store.h src/util/rand.h
src/app/users.h:
src/util/err.h:
src/cli/cli.h:
src/cli/setup.h:
src/app/app.h:
src/app/config.h:
src/store/users.h:
src/store/store.h:
src/util/rand.h:
