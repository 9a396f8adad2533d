// Linking mimalloc is enough for it to replace malloc and free in the whole process (it comes before
// glibc in symbol lookup); naming its version keeps the import, and so the link, from being dropped.
// Its huge pages stay off by default: with MIMALLOC_LARGE_OS_PAGES=1 a 100,000-document build took
// 9 % less time for 6 % more memory, and a 10,000 one no less time (bench/profile.md); a user may set it.
import CMimalloc
import SiteCommands

_ = mi_version()
VersusCommand.runAndExit()
