build-land/src/cli/commands.o: src/cli/commands.c src/cli/cli.h
src/cli/cli.h:
