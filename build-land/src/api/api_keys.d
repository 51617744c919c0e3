build-land/src/api/api_keys.o: src/api/api_keys.c src/api/api.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/app/app.h src/app/config.h src/http/auth.h src/store/activity.h \
 src/store/page.h src/store/store.h src/store/keys.h src/util/cidr.h \
 src/util/timeutil.h
src/api/api.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/app/app.h:
src/app/config.h:
src/http/auth.h:
src/store/activity.h:
src/store/page.h:
src/store/store.h:
src/store/keys.h:
src/util/cidr.h:
src/util/timeutil.h:
