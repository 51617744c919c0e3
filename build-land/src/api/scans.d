build-land/src/api/scans.o: src/api/scans.c src/api/api.h src/http/http.h \
 src/util/buf.h src/util/err.h src/util/rand.h src/api/listing.h \
 src/store/events.h src/store/json_rows.h src/store/page.h \
 src/store/store.h src/store/row.h src/blob/blob.h src/app/app.h \
 src/app/config.h src/http/auth.h src/jobs/github.h src/scan/engine.h \
 src/jobs/queue.h src/store/jobs.h src/store/projects.h \
 src/store/repositories.h src/store/scans.h src/store/status.h \
 src/util/timeutil.h
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
src/blob/blob.h:
src/app/app.h:
src/app/config.h:
src/http/auth.h:
src/jobs/github.h:
src/scan/engine.h:
src/jobs/queue.h:
src/store/jobs.h:
src/store/projects.h:
src/store/repositories.h:
src/store/scans.h:
src/store/status.h:
src/util/timeutil.h:
