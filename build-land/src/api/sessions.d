build-land/src/api/sessions.o: src/api/sessions.c src/api/api.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/api/listing.h src/store/events.h src/store/json_rows.h \
 src/store/page.h src/store/store.h src/store/row.h
src/api/api.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/api/listing.h:
src/store/events.h:
src/store/json_rows.h:
src/store/page.h:
src/store/store.h:
src/store/row.h:
