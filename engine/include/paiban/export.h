// PAIBAN_API marks what libpaiban.so exports: the documented public API and nothing else.
//
// Everything is compiled with -fvisibility=hidden (CONTRIBUTING.md, "Visibility"), so a function
// without this mark stays inside the library; the static layers are linked with
// --exclude-libs,ALL so that neither their symbols nor third-party code leak out either.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define PAIBAN_API __attribute__((visibility("default")))
#else
#define PAIBAN_API
#endif
