build-land/src/http/auth.o: src/http/auth.c src/http/auth.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/app/app.h src/app/config.h src/app/limits.h src/http/route.h \
 src/store/activity.h src/store/page.h src/store/store.h \
 src/store/tokens.h src/store/keys.h src/store/users.h src/util/cidr.h \
 src/util/log.h src/util/timeutil.h
src/http/auth.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/app/app.h:
src/app/config.h:
src/app/limits.h:
src/http/route.h:
src/store/activity.h:
src/store/page.h:
src/store/store.h:
src/store/tokens.h:
src/store/keys.h:
src/store/users.h:
src/util/cidr.h:
src/util/log.h:
src/util/timeutil.h:
