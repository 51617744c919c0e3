build-land/src/api/repositories.o: src/api/repositories.c src/api/api.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/api/listing.h src/store/events.h src/store/json_rows.h \
 src/store/page.h src/store/store.h src/store/row.h src/app/app.h \
 src/app/config.h src/jobs/github.h src/scan/engine.h \
 src/store/findings.h src/store/repositories.h
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
src/app/app.h:
src/app/config.h:
src/jobs/github.h:
src/scan/engine.h:
src/store/findings.h:
src/store/repositories.h:
