export * from './approval.ts';
export * from './wire.ts';
