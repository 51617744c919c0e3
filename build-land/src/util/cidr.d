build-land/src/util/cidr.o: src/util/cidr.c src/util/cidr.h
src/util/cidr.h:
