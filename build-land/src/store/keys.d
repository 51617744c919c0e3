build-land/src/store/keys.o: src/store/keys.c src/store/keys.h \
 src/store/page.h src/store/store.h src/util/err.h src/util/buf.h \
 src/util/rand.h src/store/row.h
src/store/keys.h:
src/store/page.h:
src/store/store.h:
src/util/err.h:
src/util/buf.h:
src/util/rand.h:
src/store/row.h:
