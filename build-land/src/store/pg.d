build-land/src/store/pg.o: src/store/pg.c \
 /usr/include/postgresql/libpq-fe.h \
 /usr/include/postgresql/postgres_ext.h \
 /usr/include/postgresql/pg_config_ext.h src/store/store_internal.h \
 src/store/store.h src/util/err.h src/util/log.h src/util/xalloc.h
/usr/include/postgresql/libpq-fe.h:
/usr/include/postgresql/postgres_ext.h:
/usr/include/postgresql/pg_config_ext.h:
src/store/store_internal.h:
src/store/store.h:
src/util/err.h:
src/util/log.h:
src/util/xalloc.h:
