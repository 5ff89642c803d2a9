// The gateway's own audit trail is a chain like a device's, stored beside the
// devices' chains under this device ID.
export const GATEWAY_DEVICE_ID = 'gateway';
