// Measures how long one yescrypt check takes at each cost, for BENCHMARKS.md.
// Build and run: gcc -O2 scripts/yescrypt-cost.c -o /tmp/yescrypt-cost -lcrypt && /tmp/yescrypt-cost
#include <crypt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
int main(){ struct crypt_data d; for(int c=1;c<=5;c++){ char salt[CRYPT_GENSALT_OUTPUT_SIZE]; crypt_gensalt_rn("$y$", c, NULL, 0, salt, sizeof salt); memset(&d,0,sizeof d); char h[256]; strcpy(h, crypt_r("abcd-efgh-jkmn-pqrs", salt, &d)); struct timespec a,b; clock_gettime(CLOCK_MONOTONIC,&a); for(int i=0;i<20;i++){ memset(&d,0,sizeof d); crypt_r("abcd-efgh-jkmn-pqrs", h, &d);} clock_gettime(CLOCK_MONOTONIC,&b); printf("count %d: %s  %.2f ms per check\n", c, salt, ((b.tv_sec-a.tv_sec)*1e3+(b.tv_nsec-a.tv_nsec)/1e6)/20); } }
