// Reference gateway entry. Stub: issue #3 builds the Fastify server here.
console.error('sentinel-desk server: not built yet (issue #3)');
process.exitCode = 1;
