build-land/src/app/config.o: src/app/config.c src/app/config.h \
 src/util/fs.h src/util/rand.h src/util/xalloc.h
src/app/config.h:
src/util/fs.h:
src/util/rand.h:
src/util/xalloc.h:
