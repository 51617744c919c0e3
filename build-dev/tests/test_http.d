build-dev/tests/test_http: tests/unit/test_http.c src/api/api.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/app/app.h src/app/config.h src/http/gate.h src/http/route.h \
 src/util/embedded.h
src/api/api.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/app/app.h:
src/app/config.h:
src/http/gate.h:
src/http/route.h:
src/util/embedded.h:
