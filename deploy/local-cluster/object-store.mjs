/* global process, console */
// The cluster's object store on this machine: s3rver (an S3-compatible server from the npm
// registry; MinIO is not in Debian or npm), its objects under DIR, one bucket "motcua".
//   node deploy/local-cluster/object-store.mjs DIR PORT
import { createRequire } from 'node:module';

const [dir, port] = process.argv.slice(2);
if (!dir || !port) {
  console.error('usage: object-store.mjs DIR PORT');
  process.exit(2);
}
const S3rver = createRequire(import.meta.url)('s3rver');
const server = new S3rver({
  port: Number(port),
  address: '127.0.0.1',
  silent: true,
  directory: dir,
  configureBuckets: [{ name: 'motcua' }],
});
await server.run();
console.log(`S3_ENDPOINT=http://127.0.0.1:${port}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
