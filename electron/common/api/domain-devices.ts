// The `domainDevices` namespace: a VM's devices (disks, NICs, controllers, …), each addressed
// by the VM's ref and the device's stable identity (alias, else address, else index within its
// kind). Its methods arrive with the hardware editor (#8); the namespace exists so they have
// one place.
import { defineNamespace } from './define.js';

export const domainDevicesApi = defineNamespace({});
