/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // keep maps so customers can send us readable stack traces
  productionBrowserSourceMaps: true,
  images: { remotePatterns: [{ protocol: "https", hostname: "**.supabase.co" }] },
};

module.exports = nextConfig;
