#define _GNU_SOURCE
#include "CFileExchange.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int versus_exchange_paths(const char *first, const char *second) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

long versus_copy_file_range(int source, int destination, unsigned long length) {
#ifdef SYS_copy_file_range
    return (long)syscall(SYS_copy_file_range, source, NULL, destination, NULL, length, 0u);
#else
    errno = ENOSYS;
    return -1;
#endif
}
