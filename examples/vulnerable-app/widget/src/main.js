import { createApp } from "vue";
import PostBody from "./components/PostBody.vue";

fetch("/api/public/post/latest")
  .then((r) => r.json())
  .then((post) => createApp(PostBody, { post }).mount("#acme-widget"));
