// Helpers shared by the shim's translation units; not part of the module's interface.

#ifndef PIK_SHIM_INTERNAL_H
#define PIK_SHIM_INTERNAL_H

#include "CProfileImageShims.h"

#include <string.h>

static inline void pik_copy_message(pik_diagnostic *diagnostic, const char *message) {
    strncpy(diagnostic->message, message, PIK_MESSAGE_CAPACITY - 1);
    diagnostic->message[PIK_MESSAGE_CAPACITY - 1] = '\0';
}

#endif
