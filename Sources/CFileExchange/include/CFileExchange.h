#ifndef VERSUS_CFILEEXCHANGE_H
#define VERSUS_CFILEEXCHANGE_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE), so a site folder is
/// swapped for its replacement without a moment where neither exists. Returns 0, or -1 with errno set
/// (ENOSYS or EINVAL where the kernel or file system cannot do it; callers fall back to two renames).
int versus_exchange_paths(const char *first, const char *second);

/// Copies up to `length` bytes from `source` to `destination` at their current offsets inside the kernel
/// (Linux copy_file_range): no byte passes through the process, and file systems that can share
/// blocks (Btrfs, XFS) do so. Returns the bytes copied (0 at the end of the source), or -1 with errno
/// set (ENOSYS, EXDEV, EINVAL or EOPNOTSUPP where it cannot; callers fall back to read and write).
long versus_copy_file_range(int source, int destination, unsigned long length);

#endif
