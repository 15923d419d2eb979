// The terminal's width, for wrapping text. ioctl is variadic, which Swift cannot call, so it
// is called here once. Only trellis/TerminalWidth.swift uses it.
#include <sys/ioctl.h>
#include <unistd.h>

// The columns of the terminal `fd` is, or 0 when it is not a terminal or does not say.
static inline int trellis_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}
