// Linux readiness APIs for the event loop. Only TrellisServer/Epoll.swift uses them.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <signal.h>

// EPOLL* constants are enum values with a type Swift imports awkwardly; give plain ones.
static const unsigned int trellis_epollin = EPOLLIN;
static const unsigned int trellis_epollout = EPOLLOUT;
static const unsigned int trellis_epollerr = EPOLLERR;
static const unsigned int trellis_epollhup = EPOLLHUP;
static const unsigned int trellis_epollrdhup = EPOLLRDHUP;
