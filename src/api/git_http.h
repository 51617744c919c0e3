/*
 * git_http.h - git's smart HTTP protocol for pushes to a git upload (git_http.c), served
 * by Debian's `git http-backend` as a CGI child: GET /v1/git/{id}/info/refs?service=
 * git-receive-pack and POST /v1/git/{id}/git-receive-pack, authenticated by the upload's
 * credential (HTTP Basic, constant-time compare of its SHA-256). Fetch and clone
 * (git-upload-pack) are refused: info/refs answers them with an ERR line and there is no
 * git-upload-pack route.
 */
#ifndef VG_API_GIT_HTTP_H
#define VG_API_GIT_HTTP_H

#include "http/http.h"

struct app;
struct route_stream;

enum vg_err api_git_info_refs(struct req *, struct resp *);
extern const struct route_stream api_git_receive_pack_stream;

#endif
