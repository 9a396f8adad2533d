// mimalloc (Debian libmimalloc-dev), linked into the executable so that its malloc and free replace
// glibc's for the whole process, Swift runtime and libcmark included. See the README's architecture.
#include <mimalloc.h>
