#ifndef VERSUS_CFILEEXCHANGE_H
#define VERSUS_CFILEEXCHANGE_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE), so a site folder is
/// swapped for its replacement without a moment where neither exists. Returns 0, or -1 with errno set
/// (ENOSYS or EINVAL where the kernel or file system cannot do it; callers fall back to two renames).
int versus_exchange_paths(const char *first, const char *second);

#endif
