#include "hugepageheap.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

bool HugePageHeap::enable(std::size_t reserve)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t HugePage = std::uintptr_t(2) << 20;
    // The next heap growth reserves the whole range at once; blocks of any size
    // come from it; free memory at its top stays for reuse.
    if (mallopt(M_TOP_PAD, int(reserve)) == 0 || mallopt(M_MMAP_THRESHOLD, 512 << 20) == 0 ||
        mallopt(M_TRIM_THRESHOLD, int(reserve)) == 0) {
        return false;
    }
    // A block larger than what the heap has left makes it grow, by the pad.
    const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
    void *probe = std::malloc(std::size_t(HugePage));
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const std::uintptr_t begin =
        probe ? std::min(before, reinterpret_cast<std::uintptr_t>(probe)) : before;
    std::free(probe);
    const std::uintptr_t first = (begin + HugePage - 1) & ~(HugePage - 1);
    if (end <= first) {
        return false;
    }
    return madvise(reinterpret_cast<void *>(first), end - first, MADV_HUGEPAGE) == 0;
#else
    (void)reserve;
    return false;
#endif
}
