// glibc's malloc tuning (mallopt and its parameters), which the Glibc module leaves out.
#include <malloc.h>
