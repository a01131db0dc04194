// A guard for input files read through a memory mapping (see Domain's FileBytes).
//
// A page of a mapped file that another program cuts short while the run reads it is a bus error
// (SIGBUS) at the first touch past the new end, not a short read: this guard turns such a fault
// on a registered mapping into the run's error message on stderr and exit status 2, as for any
// other bad input, instead of a crash. A fault anywhere else goes to the handler that was there
// before (or the default action), unchanged.
#ifndef MAPPED_INPUT_H
#define MAPPED_INPUT_H

#include <stddef.h>

/// Registers `length` bytes from `start` with the message to print (`message_length` bytes,
/// copied, cut to 2 KB) if they fault; returns a slot to hand to `mapped_input_remove`, or -1
/// when every slot is taken (the caller then reads the file instead of mapping it).
int mapped_input_add(const void *start, size_t length, const char *message, size_t message_length);

/// Forgets a registration (before the mapping is removed).
void mapped_input_remove(int slot);

#endif
