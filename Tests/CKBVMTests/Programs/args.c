/* argc and argv as the VM lays them out: exits with argc * 16 + the length of the last argument,
   and fails (exit 100) if any argument is not NUL-terminated where expected. */
#include "runtime.h"

int main(int argc, char **argv) {
    size_t last = 0;
    for (int i = 0; i < argc; i++) {
        size_t n = 0;
        while (argv[i][n] != 0) n++;
        if (n > 1000) return 100;
        last = n;
    }
    return argc * 16 + (int)last;
}
