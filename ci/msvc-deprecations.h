/* SPDX-License-Identifier: MIT */
/*
 * ci/msvc-deprecations.h -- force-included (-include) in every translation
 * unit of the windows-msvc-lint build (ci/windows-lint.cmake): the CRT and
 * Winsock functions MSVC marks deprecated (warning C4996, an error under
 * /WX), marked here for clang, which then warns where our code calls them
 * (-Wdeprecated-pragma; uses inside the system headers stay silent, as
 * MSVC's do). Function-like macros: only a call expands them, not a
 * parameter or member of the same name. Each group is off under the macro that
 * turns MSVC's warnings off, so the lint sees what MSVC sees with the
 * definitions the build passes (PSOCK_MSVC_DEFINITIONS in CMakeLists.txt).
 *
 * Sources: the C4996 pages of the MSVC docs and the declarations of
 * <corecrt*.h>/<winsock2.h> (_CRT_INSECURE_DEPRECATE, _CRT_NONSTDC_DEPRECATE,
 * _WINSOCK_DEPRECATED_BY).
 */
#ifndef PSOCK_MSVC_DEPRECATIONS_H
#define PSOCK_MSVC_DEPRECATIONS_H

#define PSOCK__MSVC_DEPRECATE(name, why)                                       \
  _Pragma(PSOCK__MSVC_STR(clang deprecated(name, why)))
#define PSOCK__MSVC_STR(x) #x

/* "This function or variable may be unsafe": _CRT_SECURE_NO_WARNINGS. */
#ifndef _CRT_SECURE_NO_WARNINGS
#  define getenv(...) getenv(__VA_ARGS__)
#  define strcpy(...) strcpy(__VA_ARGS__)
#  define strncpy(...) strncpy(__VA_ARGS__)
#  define strcat(...) strcat(__VA_ARGS__)
#  define strncat(...) strncat(__VA_ARGS__)
#  define strtok(...) strtok(__VA_ARGS__)
#  define strerror(...) strerror(__VA_ARGS__)
#  define sprintf(...) sprintf(__VA_ARGS__)
#  define vsprintf(...) vsprintf(__VA_ARGS__)
#  define sscanf(...) sscanf(__VA_ARGS__)
#  define scanf(...) scanf(__VA_ARGS__)
#  define fscanf(...) fscanf(__VA_ARGS__)
#  define fopen(...) fopen(__VA_ARGS__)
#  define freopen(...) freopen(__VA_ARGS__)
#  define tmpnam(...) tmpnam(__VA_ARGS__)
#  define localtime(...) localtime(__VA_ARGS__)
#  define gmtime(...) gmtime(__VA_ARGS__)
#  define ctime(...) ctime(__VA_ARGS__)
#  define asctime(...) asctime(__VA_ARGS__)
#  define mbstowcs(...) mbstowcs(__VA_ARGS__)
#  define wcstombs(...) wcstombs(__VA_ARGS__)
#  define wctomb(...) wctomb(__VA_ARGS__)
PSOCK__MSVC_DEPRECATE(getenv, "C4996: use getenv_s or _dupenv_s")
PSOCK__MSVC_DEPRECATE(strcpy, "C4996: use strcpy_s")
PSOCK__MSVC_DEPRECATE(strncpy, "C4996: use strncpy_s")
PSOCK__MSVC_DEPRECATE(strcat, "C4996: use strcat_s")
PSOCK__MSVC_DEPRECATE(strncat, "C4996: use strncat_s")
PSOCK__MSVC_DEPRECATE(strtok, "C4996: use strtok_s")
PSOCK__MSVC_DEPRECATE(strerror, "C4996: use strerror_s")
PSOCK__MSVC_DEPRECATE(sprintf, "C4996: use sprintf_s")
PSOCK__MSVC_DEPRECATE(vsprintf, "C4996: use vsprintf_s")
PSOCK__MSVC_DEPRECATE(sscanf, "C4996: use sscanf_s")
PSOCK__MSVC_DEPRECATE(scanf, "C4996: use scanf_s")
PSOCK__MSVC_DEPRECATE(fscanf, "C4996: use fscanf_s")
PSOCK__MSVC_DEPRECATE(fopen, "C4996: use fopen_s")
PSOCK__MSVC_DEPRECATE(freopen, "C4996: use freopen_s")
PSOCK__MSVC_DEPRECATE(tmpnam, "C4996: use tmpnam_s")
PSOCK__MSVC_DEPRECATE(localtime, "C4996: use localtime_s")
PSOCK__MSVC_DEPRECATE(gmtime, "C4996: use gmtime_s")
PSOCK__MSVC_DEPRECATE(ctime, "C4996: use ctime_s")
PSOCK__MSVC_DEPRECATE(asctime, "C4996: use asctime_s")
PSOCK__MSVC_DEPRECATE(mbstowcs, "C4996: use mbstowcs_s")
PSOCK__MSVC_DEPRECATE(wcstombs, "C4996: use wcstombs_s")
PSOCK__MSVC_DEPRECATE(wctomb, "C4996: use wctomb_s")
#endif

/* "The POSIX name for this item is deprecated": _CRT_NONSTDC_NO_WARNINGS
 * (or _CRT_NONSTDC_NO_DEPRECATE). */
#if !defined(_CRT_NONSTDC_NO_WARNINGS) && !defined(_CRT_NONSTDC_NO_DEPRECATE)
#  define strdup(...) strdup(__VA_ARGS__)
#  define close(...) close(__VA_ARGS__)
#  define read(...) read(__VA_ARGS__)
#  define write(...) write(__VA_ARGS__)
#  define open(...) open(__VA_ARGS__)
#  define lseek(...) lseek(__VA_ARGS__)
#  define unlink(...) unlink(__VA_ARGS__)
#  define getpid(...) getpid(__VA_ARGS__)
#  define fileno(...) fileno(__VA_ARGS__)
#  define dup(...) dup(__VA_ARGS__)
#  define dup2(...) dup2(__VA_ARGS__)
#  define isatty(...) isatty(__VA_ARGS__)
#  define access(...) access(__VA_ARGS__)
#  define getcwd(...) getcwd(__VA_ARGS__)
#  define rmdir(...) rmdir(__VA_ARGS__)
#  define mkdir(...) mkdir(__VA_ARGS__)
#  define putenv(...) putenv(__VA_ARGS__)
PSOCK__MSVC_DEPRECATE(strdup, "C4996: POSIX name, use _strdup")
PSOCK__MSVC_DEPRECATE(close, "C4996: POSIX name, use _close")
PSOCK__MSVC_DEPRECATE(read, "C4996: POSIX name, use _read")
PSOCK__MSVC_DEPRECATE(write, "C4996: POSIX name, use _write")
PSOCK__MSVC_DEPRECATE(open, "C4996: POSIX name, use _open")
PSOCK__MSVC_DEPRECATE(lseek, "C4996: POSIX name, use _lseek")
PSOCK__MSVC_DEPRECATE(unlink, "C4996: POSIX name, use _unlink")
PSOCK__MSVC_DEPRECATE(getpid, "C4996: POSIX name, use _getpid")
PSOCK__MSVC_DEPRECATE(fileno, "C4996: POSIX name, use _fileno")
PSOCK__MSVC_DEPRECATE(dup, "C4996: POSIX name, use _dup")
PSOCK__MSVC_DEPRECATE(dup2, "C4996: POSIX name, use _dup2")
PSOCK__MSVC_DEPRECATE(isatty, "C4996: POSIX name, use _isatty")
PSOCK__MSVC_DEPRECATE(access, "C4996: POSIX name, use _access")
PSOCK__MSVC_DEPRECATE(getcwd, "C4996: POSIX name, use _getcwd")
PSOCK__MSVC_DEPRECATE(rmdir, "C4996: POSIX name, use _rmdir")
PSOCK__MSVC_DEPRECATE(mkdir, "C4996: POSIX name, use _mkdir")
PSOCK__MSVC_DEPRECATE(putenv, "C4996: POSIX name, use _putenv")
#endif

/* Winsock's old names: _WINSOCK_DEPRECATED_NO_WARNINGS. */
#ifndef _WINSOCK_DEPRECATED_NO_WARNINGS
#  define inet_addr(...) inet_addr(__VA_ARGS__)
#  define inet_ntoa(...) inet_ntoa(__VA_ARGS__)
#  define gethostbyname(...) gethostbyname(__VA_ARGS__)
#  define gethostbyaddr(...) gethostbyaddr(__VA_ARGS__)
#  define gethostname(...) gethostname(__VA_ARGS__)
#  define WSASocketA(...) WSASocketA(__VA_ARGS__)
#  define WSAAddressToStringA(...) WSAAddressToStringA(__VA_ARGS__)
#  define WSAStringToAddressA(...) WSAStringToAddressA(__VA_ARGS__)
#  define WSADuplicateSocketA(...) WSADuplicateSocketA(__VA_ARGS__)
PSOCK__MSVC_DEPRECATE(inet_addr, "C4996: use inet_pton")
PSOCK__MSVC_DEPRECATE(inet_ntoa, "C4996: use inet_ntop")
PSOCK__MSVC_DEPRECATE(gethostbyname, "C4996: use getaddrinfo")
PSOCK__MSVC_DEPRECATE(gethostbyaddr, "C4996: use getnameinfo")
PSOCK__MSVC_DEPRECATE(gethostname, "C4996: use GetHostNameW")
PSOCK__MSVC_DEPRECATE(WSASocketA, "C4996: use WSASocketW")
PSOCK__MSVC_DEPRECATE(WSAAddressToStringA, "C4996: use WSAAddressToStringW")
PSOCK__MSVC_DEPRECATE(WSAStringToAddressA, "C4996: use WSAStringToAddressW")
PSOCK__MSVC_DEPRECATE(WSADuplicateSocketA, "C4996: use WSADuplicateSocketW")
#endif

#endif
