console.log('bridge: not yet')
