// See mapped_input.h.
#include "mapped_input.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

enum { slot_count = 64, message_capacity = 2048 };

// A slot is written only while it is free (`active` 0, claimed by `claimed`), then published by
// `active`; the handler reads only active slots, so it never sees a half-written one.
static struct {
    atomic_int claimed;
    atomic_int active;
    uintptr_t start, end;
    size_t message_length;
    char message[message_capacity];
} slots[slot_count];

static struct sigaction previous;
static pthread_once_t installed = PTHREAD_ONCE_INIT;
static atomic_int handler_ready;

static void on_bus_error(int signal, siginfo_t *info, void *context) {
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int k = 0; k < slot_count; k++) {
        if (!atomic_load_explicit(&slots[k].active, memory_order_acquire)) continue;
        if (address >= slots[k].start && address < slots[k].end) {
            // write and _exit are async-signal-safe; the other threads end with the process.
            size_t done = 0;
            while (done < slots[k].message_length) {
                ssize_t n = write(2, slots[k].message + done, slots[k].message_length - done);
                if (n <= 0) break;
                done += (size_t)n;
            }
            _exit(2);
        }
    }
    // Not ours: the handler that was there before gets the fault, as if this one never existed.
    if (previous.sa_flags & SA_SIGINFO) {
        if (previous.sa_sigaction) { previous.sa_sigaction(signal, info, context); return; }
    } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN && previous.sa_handler) {
        previous.sa_handler(signal);
        return;
    }
    // Default action: restored, then the faulting instruction runs again and faults for good.
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(SIGBUS, &fallback, NULL);
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGBUS, &action, &previous) == 0) atomic_store(&handler_ready, 1);
}

int mapped_input_add(const void *start, size_t length, const char *message, size_t message_length) {
    pthread_once(&installed, install);
    if (!atomic_load(&handler_ready) || length == 0) return -1;
    for (int k = 0; k < slot_count; k++) {
        int expected = 0;
        if (!atomic_compare_exchange_strong(&slots[k].claimed, &expected, 1)) continue;
        slots[k].start = (uintptr_t)start;
        slots[k].end = (uintptr_t)start + length;
        size_t n = message_length < message_capacity ? message_length : message_capacity;
        memcpy(slots[k].message, message, n);
        slots[k].message_length = n;
        atomic_store_explicit(&slots[k].active, 1, memory_order_release);
        return k;
    }
    return -1;
}

void mapped_input_remove(int slot) {
    if (slot < 0 || slot >= slot_count) return;
    atomic_store_explicit(&slots[slot].active, 0, memory_order_release);
    atomic_store_explicit(&slots[slot].claimed, 0, memory_order_release);
}
