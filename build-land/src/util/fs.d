build-land/src/util/fs.o: src/util/fs.c src/util/fs.h src/util/xalloc.h
src/util/fs.h:
src/util/xalloc.h:
