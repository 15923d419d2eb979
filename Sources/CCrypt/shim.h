// libxcrypt (Debian: libcrypt-dev): crypt_r and crypt_gensalt. Only TrellisStore/AccessCode.swift uses it.
#include <crypt.h>
