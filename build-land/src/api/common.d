build-land/src/api/common.o: src/api/common.c src/api/api.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/app/app.h src/app/config.h src/store/page.h src/store/store.h \
 src/util/timeutil.h
src/api/api.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/app/app.h:
src/app/config.h:
src/store/page.h:
src/store/store.h:
src/util/timeutil.h:
