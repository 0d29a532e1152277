"""Peak resident memory of a process, as Linux records it (VmHWM in /proc/<pid>/status)."""


def peak_rss_bytes(pid: int | str = "self") -> int:
    """The high-water mark of the resident set: the most memory the process ever held."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmHWM for process {pid}")
