// Helpers shared by the shim's translation units; not part of the module's interface.

#ifndef PIK_SHIM_INTERNAL_H
#define PIK_SHIM_INTERNAL_H

#include "CProfileImageShims.h"

#include <string.h>

static inline void pik_copy_message(pik_diagnostic *diagnostic, const char *message) {
    strncpy(diagnostic->message, message, PIK_MESSAGE_CAPACITY - 1);
    diagnostic->message[PIK_MESSAGE_CAPACITY - 1] = '\0';
}

/// Keeps `note` in the first free slot of `notes` (of PIK_MAX_NOTES), and counts it either way.
static inline void pik_add_note(pik_diagnostic *notes, int *count, const pik_diagnostic *note) {
    if (*count < PIK_MAX_NOTES) notes[*count] = *note;
    (*count)++;
}

static inline int pik_copy_notes(const pik_diagnostic *notes, int count, pik_diagnostic *out, int capacity) {
    int kept = count < PIK_MAX_NOTES ? count : PIK_MAX_NOTES;
    for (int i = 0; i < kept && i < capacity; i++) out[i] = notes[i];
    return count;
}

#endif
