build-land/src/api/listing.o: src/api/listing.c src/api/listing.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/store/events.h src/store/json_rows.h src/store/page.h \
 src/store/store.h src/store/row.h src/api/api.h src/app/app.h \
 src/app/config.h
src/api/listing.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/store/events.h:
src/store/json_rows.h:
src/store/page.h:
src/store/store.h:
src/store/row.h:
src/api/api.h:
src/app/app.h:
src/app/config.h:
