build-land/src/store/tokens.o: src/store/tokens.c src/store/tokens.h \
 src/store/keys.h src/store/page.h src/store/store.h src/util/err.h \
 src/util/buf.h src/util/rand.h src/store/users.h src/store/row.h \
 src/store/tx.h
src/store/tokens.h:
src/store/keys.h:
src/store/page.h:
src/store/store.h:
src/util/err.h:
src/util/buf.h:
src/util/rand.h:
src/store/users.h:
src/store/row.h:
src/store/tx.h:
