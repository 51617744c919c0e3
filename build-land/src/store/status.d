build-land/src/store/status.o: src/store/status.c src/store/status.h
src/store/status.h:
