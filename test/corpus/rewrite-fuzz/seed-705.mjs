"use strict"
 

"use strict";/*z   gg c us*///st 
//  dvt   j n　y
"use strict"
"Eä4"// em   u 
 for (true;;//  b jj 
//﻿　  ﻿ k yjdz l
 ((function csjcgqj() {
// gj 
/*e     ﻿b jbk*/  "";/* gf *//*lcblxe ﻿oa  
i  z v*/
//  i  b
 
"¨R\\"
//mmn
  /*  　prh
t*/"use strict";

﻿"þ·ú#"/*	  qg
qmk  fzrfs*/

for
(((((async *= (null))) << 0xE1AD7BDC00000))[`é${arguments}Kn­${new.target}ÔÎ.${{}}LN${(r
**= this)}Ïd¸%${(2e308) != s}à`] in((((2e308))) // g j﻿/*qi v*/?
class /*undg dnk z aufgr*/{} : new.target) ? `©6k${(("÷*F"))}${2e308[(new.target)]}ÑÃØ${(0)}(I®${`«`}¬=
º`:
//ro ubfn     g 	 
/*km   */ // class/* 　  h l*/ {/*    xh  scdai */
/*qu﻿ex u
r
d cuk*/﻿  static get [(false)]() {}
	  static // fvz  vdxs  	c//u    bl
get [(2e308)]() /*l  joaqmh*//*i  ob﻿     m	 la*/{// ﻿
/*vrpos  
*/    /*﻿   r﻿e　 	*///ca hj  i t 　 qh yfe 
/* */  "use strict"
  

/*xxd  o*/}
  })/*x*/ /* f j  f  u﻿ox  s */break
/*f eigyo */  var[] = /*af 　      t*//*ydpbod*/async function async() {

 /*ongkr*/ //﻿p﻿ne x q  x　 y
/*cpu  ﻿*/ 

/* x
 　*/"";//　 t t cxgo g　
// jdsgr  ﻿u

    "¹³èø	"
//q	cgu z
//v chd r o vczmd
//u og	


 /*sihi　  u rpkb l*/ "y"   

"ü"//b v  uekp jc x  r  
//	 ypa
    ".Ü"/* xvovp	f h a gz
o*//*x　a 
e
  v
 
  v*///
  }/*e*/
  try {}/*  n  l　  b   
b*/ finally // ﻿ lug a q  x  p {
/* y 	v　ifiz  	   */
  for ((2680);;
((("­= "))[(2661)] %= this)) {}
  }
}))) while //f 　gk	
(true) var//k  m 
 [] = function () {
  "®*"}export/*kldc
tbssqlit*/*//qyl  u bc
 

from "ó"
do continue;

while (((/[]{85546}?(?!)$|(?=)[^-]{33850,67747}?|^\n{78271,82796}?$(?=)+|/gms)))
// s   km ih

// 
export/*
ms rq *//*nkt 　oe﻿   ﻿*//**/ * from ";¹&3\n";
async: do break async; while(class async {
  async [null]() {
    "ä";
    "Iûá[";
    "íj|î"
    "x{d";
/*o 
 nu  e*/  }/*jhciia
op  d o*/﻿/*u nn 
h n　c rudzjs*/  //rzl oqlsvfo  vs/*am
d tb  djtuk 	b */static set [null]/*  *//*u ak﻿p  */ 　(async) {
    "use strict";
/**/  "use strict";// i c	    iopm



  "X"    /*u
*/

for /**/(;;) 

debugger;


 async: // dx
//  t    ldt 
for (;;)  debugger;
// n﻿  i s
  //r oukt﻿t ph  var async;
	 /* g*/ //  gm zj    u 	b p
// pkov
return;
//   	 h ﻿nr
 //c  zyo m  l z //jszhnnc 　jc
}
  static//g	l nr 　ro r f f
/*	k  bo	lm z vj　 txc*/ get [k = ((""))]() {
   //jebzj fpf h s  	 　 /* pp	hy	e﻿t 	mey  　q*/"½q";
 　  ""
   /*  
*/// 
 "Þ";
﻿  while (((false)))debugger
  

}/*e*/
/*omblcat﻿nzclqv　  */ async [(0x119DF553C00000)]() {
﻿  ""/*f j e   z xex　
mq q*/


   "ì/³ô";   

 '2CÂ"'  }

﻿})/*  r	*/// z  xn  ﻿ h 　
