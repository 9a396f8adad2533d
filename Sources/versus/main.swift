// Linking mimalloc is enough for it to replace malloc and free in the whole process (it comes before
// glibc in symbol lookup); naming its version keeps the import, and so the link, from being dropped.
import CMimalloc
import Foundation
import SiteCommands

_ = mi_version()
// Large OS pages: mimalloc asks the kernel for transparent huge pages (madvise) on the memory it
// maps. A build touches hundreds of megabytes once; with 2 MiB pages it takes a fourth of the page
// faults, and on a virtual machine, where a TLB miss walks two page tables, the work itself is faster
// (100,000 documents, one run each: 61.6 -> 41.6 s wall, 28.3 -> 12.8 s in the kernel, peak memory
// +5 %; see bench/profile.md). Whoever sets MIMALLOC_LARGE_OS_PAGES decides.
if ProcessInfo.processInfo.environment["MIMALLOC_LARGE_OS_PAGES"] == nil {
    mi_option_enable(mi_option_large_os_pages)
}
VersusCommand.runAndExit()
