build-land/src/api/openapi.o: src/api/openapi.c src/api/api.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/app/app.h src/app/config.h src/util/embedded.h src/web/static.h \
 src/web/assets.h
src/api/api.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/app/app.h:
src/app/config.h:
src/util/embedded.h:
src/web/static.h:
src/web/assets.h:
