import CIntakeLinux

/// How the process asks glibc for memory.
enum MemoryPolicy {
    /// Page images (8–35 MB each) are allocated with `mmap` and so returned to the system as soon as
    /// they are freed. glibc's default threshold starts at 128 KiB but rises to the size of any
    /// mapped block freed (up to 32 MiB), after which page-sized buffers come from the heap, which
    /// fragments and keeps them: with two workers on 300 dpi scans that cost about 100 MB of
    /// resident memory (measured: peak 475 MB → 372 MB over the benchmark's scanned PDFs).
    /// Setting the threshold fixes it at 1 MiB.
    static func returnLargeBuffers() {
        _ = CIntakeLinux_set_mmap_threshold(1 << 20)
    }
}
