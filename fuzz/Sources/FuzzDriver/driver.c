// Nothing to compile: the declaration in FuzzDriver.h is all a harness needs.
