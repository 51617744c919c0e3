build-land/src/cli/serve.o: src/cli/serve.c src/app/metrics.h \
 src/util/buf.h src/util/err.h src/app/users.h src/cli/cli.h \
 src/cli/setup.h src/app/app.h src/app/config.h src/http/route.h \
 src/app/limits.h src/http/http.h src/util/rand.h src/http/server.h \
 src/jobs/cleanup.h src/jobs/worker.h src/util/log.h
src/app/metrics.h:
src/util/buf.h:
src/util/err.h:
src/app/users.h:
src/cli/cli.h:
src/cli/setup.h:
src/app/app.h:
src/app/config.h:
src/http/route.h:
src/app/limits.h:
src/http/http.h:
src/util/rand.h:
src/http/server.h:
src/jobs/cleanup.h:
src/jobs/worker.h:
src/util/log.h:
