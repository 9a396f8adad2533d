// Linking mimalloc is enough for it to replace malloc and free in the whole process (it comes before
// glibc in symbol lookup); naming its version keeps the import, and so the link, from being dropped.
import CMimalloc
import SiteCommands

_ = mi_version()
VersusCommand.runAndExit()
