build-dev/src/cli/serve.o: src/cli/serve.c src/app/users.h src/util/err.h \
 src/cli/cli.h src/cli/setup.h src/app/app.h src/app/config.h \
 src/http/server.h src/jobs/cleanup.h src/jobs/worker.h src/util/log.h
src/app/users.h:
src/util/err.h:
src/cli/cli.h:
src/cli/setup.h:
src/app/app.h:
src/app/config.h:
src/http/server.h:
src/jobs/cleanup.h:
src/jobs/worker.h:
src/util/log.h:
