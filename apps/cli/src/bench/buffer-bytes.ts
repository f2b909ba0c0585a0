/**
 * Counts the bytes of the buffers created on `device` until `stop()`: device memory measured, not
 * estimated. It wraps `device.createBuffer` (an own property shadowing the prototype's method) and
 * removes the wrapper on `stop()`. Where the binding's objects cannot take the property, it counts nothing.
 */
export function trackBufferBytes(device: GPUDevice): { readonly bytes: number | undefined; stop(): void } {
  let bytes = 0;
  let isTracking = false;
  const original = device.createBuffer;
  try {
    Object.defineProperty(device, 'createBuffer', {
      configurable: true,
      writable: true,
      value: (descriptor: GPUBufferDescriptor) => {
        bytes += descriptor.size;
        return original.call(device, descriptor);
      },
    });
    isTracking = true;
  } catch {
    // A sealed wrapper object: no measurement.
  }
  return {
    get bytes() {
      return isTracking ? bytes : undefined;
    },
    stop() {
      if (isTracking) delete (device as unknown as Record<string, unknown>).createBuffer;
    },
  };
}
